/** Text put into the printable HTML pages the server makes (enrolment sheets, posters): escaped, as names come from imports and forms. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
