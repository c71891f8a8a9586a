export declare const SUPPORTED_NODE_RANGE: string;
export declare function nodeVersionProblem(version: string, command: string): string | undefined;
export declare function exitUnlessSupportedNode(command: string): void;
