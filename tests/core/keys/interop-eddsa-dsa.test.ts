import { interopSuite } from './interop-suite';

interopSuite(['ed25519', 'ed448', 'dsa']);
