import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorBody } from '@huitong/contracts';
import { ValidationError } from '../errors.ts';

/** The app with TypeBox typing for route schemas. */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<TypeBoxTypeProvider>();
}

/** Error responses every route documents; the body shape is the same for all of them. */
export const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
} as const;

/**
 * A multipart body that ends before its file does (a cut connection, a truncated or unterminated
 * body) is the client's fault: a 400 naming the file, not a 500.
 */
export function isIncompleteUpload(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  return e?.code === 'ERR_STREAM_PREMATURE_CLOSE' || /unexpected end of (form|multipart data)/i.test(e?.message ?? '');
}

export function incompleteUpload(): ValidationError {
  return ValidationError.field('file', 'file: 上传内容不完整,文件未传完 (the upload ended before the file did)', 'INCOMPLETE_UPLOAD');
}

/** The uploaded file's bytes (small uploads only: letters, catalog imports). */
export async function uploadedBytes(file: { toBuffer(): Promise<Buffer> }): Promise<Buffer> {
  try {
    return await file.toBuffer();
  } catch (error) {
    if (isIncompleteUpload(error)) throw incompleteUpload();
    throw error;
  }
}

