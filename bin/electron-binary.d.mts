export declare function findElectronBinary(env?: NodeJS.ProcessEnv): string | undefined;
export declare const INSTALL_ELECTRON_COMMAND: string;
