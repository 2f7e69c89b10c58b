export declare function mintDevToken(keyPath: string, subject: string, seconds?: number): string;
