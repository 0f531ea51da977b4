export const STAMP: string;
export function sourceHash(root?: string): string;
export function upToDate(root?: string): boolean;
