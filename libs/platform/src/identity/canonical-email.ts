/**
 * The one form of an email that the throttle, the lookup and uniqueness all key on (API.md §3): trimmed, Unicode
 * NFKC, then one full case fold. JavaScript has no case-fold function; lower(upper(·)) is Unicode's full folding for
 * the letters where lower-casing alone differs from it (ß → ss, final ς → σ), and NFKC once more makes the result
 * stable, so canonicalEmail(canonicalEmail(x)) = canonicalEmail(x). The migration that introduced it normalised the stored emails with this
 * function, so change it only together with a migration that re-normalises them. PostgreSQL's lower() is never used: it differs
 * from JavaScript on letters such as İ (U+0130), which let one address reach another's account with a fresh counter.
 */
export function canonicalEmail(email: string): string {
  return email.trim().normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}
