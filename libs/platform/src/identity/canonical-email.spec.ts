import { canonicalEmail } from './canonical-email';

describe('canonicalEmail', () => {
  it('trims and case-folds ASCII addresses', () => {
    expect(canonicalEmail('  Iris@Example.COM ')).toBe('iris@example.com');
  });

  it('keeps İ (U+0130) apart from a plain i, as the stored form and the lookup both do', () => {
    expect(canonicalEmail('İris@example.com')).toBe('i\u0307ris@example.com');
    expect(canonicalEmail('İris@example.com')).not.toBe(canonicalEmail('iris@example.com'));
  });

  it('folds compatibility forms and the letters whose fold is not their lower case', () => {
    expect(canonicalEmail('ｉｒｉｓ@example.com')).toBe('iris@example.com');
    expect(canonicalEmail('Straße@example.com')).toBe('strasse@example.com');
    expect(canonicalEmail('ΟΔΥΣΣΕΥΣ@example.com')).toBe(canonicalEmail('οδυσσευς@example.com'));
  });

  it('is stable: the canonical form of a canonical form is itself', () => {
    for (const email of ['İris@example.com', 'Straße@example.com', 'ﬁle@example.com', 'Ǆ@example.com']) {
      expect(canonicalEmail(canonicalEmail(email))).toBe(canonicalEmail(email));
    }
  });
});
