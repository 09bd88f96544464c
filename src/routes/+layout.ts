// The root layout loads nothing from the server, so pages that render in the browser can
// load offline from the service worker's shell.
export const trailingSlash = 'never';
