/** The cause codes live in the shared contract (the renderer reads them too). */
export * from '../../contract/causes';
