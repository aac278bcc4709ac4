/**
 * The provider simulator: a Koa app that speaks jumdata v3 on the wire (src/api/jumdata/wire.ts), with control
 * routes under /__sandbox/ for tests and demos. See options.ts for every knob.
 */
export type { SandboxOptions } from './options.js';
export { SandboxState } from './state.js';
export { createSandboxApp, createSandboxState, sandboxMiddleware } from './app.js';
export { startSandbox, type RunningSandbox } from './server.js';
export { jumdataSign } from './signature.js';
