/**
 * Locally there is no X-Ray daemon, and tracing is off. Yet the X-Ray SDK, loaded with Powertools'
 * Tracer, starts in its automatic mode, which registers an async hook (cls-hooked, with a destroy
 * hook) on every promise of the process; in the one process that runs every function, the engine
 * and the pollers, that was about a tenth of the CPU (profile of the journey bench). Manual mode
 * registers none. This module must run before the SDK loads: the local entry points import it
 * first, and jest runs it before each test file. On AWS nothing changes: Lambda never loads it.
 */
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';

export {};
