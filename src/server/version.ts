/** The server's version, from package.json, for /health and the OpenAPI document. */
import pkg from '../../package.json' with { type: 'json' };

export const SERVER_VERSION: string = pkg.version;
