// Entry script of the detached hand-off sender (see sender.ts): `node sender-main.js`, message on stdin.
import { runHandoffSender } from './sender.ts';

await runHandoffSender();
process.exit(0);
