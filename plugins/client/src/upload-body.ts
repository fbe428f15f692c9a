export interface UploadFile {
  /** Where the file goes, relative to `/home/work` (sub-directories are created). */
  name: string;
  content: Buffer | string;
}

/**
 * Encodes files as the multipart/form-data body of `POST /session/:id/upload`. Node's own
 * FormData and Response do the encoding, so no multipart library is needed.
 */
export async function encodeUpload(files: UploadFile[]): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const file of files) form.append('src', new Blob([file.content]), file.name);
  const encoded = new Response(form);
  const contentType = encoded.headers.get('content-type') ?? 'multipart/form-data';
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType };
}
