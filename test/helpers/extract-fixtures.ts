import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** A fixture file as UTF-8 text, e.g. readFixture('pages/seed-soziales.html'). */
export function readFixture(path: string): string {
  return readFileSync(new URL(path, FIXTURES), 'utf8');
}

/** A fixture file's bytes (for charset tests). */
export function readFixtureBytes(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/** The seed release's body as published: paragraphs and the subheading, in order. */
export function seedBodyParts(): string[] {
  const blocks = readFixture('pages/seed-000_95c5773386fa8ba5.txt').split(/\n\s*\n/).map((b) => b.trim());
  // dateline, title, …body…, "Schlagworte zum Thema"
  return blocks.slice(2, blocks.indexOf('Schlagworte zum Thema'));
}
