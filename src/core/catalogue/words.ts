/** The shape every section of the catalogue shares: a key's words in Chinese and English, side by side. */

export type Language = 'zh' | 'en';

/** Chinese first: the gates are in China, English is for the visitor and the operator's scripts. */
export interface Words {
  readonly zh: string;
  readonly en: string;
}

/** A section of the catalogue: its keys and their words. */
export type Section = Readonly<Record<string, Words>>;
