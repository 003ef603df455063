import { interopSuite } from './interop-suite';

interopSuite(['rsa2048', 'rsa3072']);
