// Long work on the server's one thread, in pieces: between them the requests that arrived run.

/** Lets other requests run between pieces of a long piece of work (a parse, a grid, a grading). */
export const yieldToServer = () => new Promise<void>((resolve) => setImmediate(resolve));
