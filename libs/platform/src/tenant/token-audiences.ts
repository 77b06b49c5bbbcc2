/** The `aud` of a user session token (internal routes) and of a marketplace access token (`/public/v1`). */
export const USER_TOKEN_AUDIENCE = 'hellobooks:user';
export const MARKETPLACE_TOKEN_AUDIENCE = 'hellobooks:marketplace';
