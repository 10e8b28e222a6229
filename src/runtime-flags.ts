import v8 from "node:v8";

/**
 * Prisma's query compiler is WebAssembly, and V8 compiles it twice: quickly (Liftoff), then again
 * optimised (TurboFan) for the functions it runs often. The second compile holds about 50 MB
 * more for the process's life; the server sends most of its SQL as compiled selections, through
 * few of the compiler's functions, so the optimised code buys little. Imported first by main.ts,
 * before any query compiles the module.
 */
v8.setFlagsFromString("--liftoff-only");
