// A module resolve hook (node:module register) that prints every package a process imports, one
// `package <name>` line on stderr each: what test/web-imports.test.ts reads.
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(resolved.url);
  if (match) process.stderr.write(`package ${match[1]}\n`);
  return resolved;
}
