import { interopSuite } from './interop-suite';

interopSuite(['ecdsa256', 'ecdsa384', 'ecdsa521']);
