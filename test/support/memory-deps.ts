/** The runtime's deps objects over one memory world: the twin's (twin/memory-deps.ts), shared with the tests. */
export * from '../../twin/memory-deps.ts';
