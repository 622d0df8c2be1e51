/** The API's request and response, independent of API Gateway and of node:http. */

export interface ApiRequest {
  method: string;
  /** Path below the API's root, starting with `/` (no stage prefix, no query). */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | undefined>;
  body: string | null;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The web form's static files (`templates/web`), read by an adapter. */
export interface WebAssets {
  get(name: string): Promise<{ body: string; contentType: string } | null>;
}
