// @ts-check
/**
 * TypeDoc plugin: the members of an inferred or inline object type (the
 * fields of a `defineCdb(...)` constant, the keys of an `as const` table, a
 * function's inline return type) are documented by their owner's comment,
 * and TSDoc often cannot attach a comment to them at all. This plugin tells
 * the `notDocumented` validation to accept them when the owner is
 * documented, and only them: every declared interface property, function,
 * class and type alias still needs its own comment.
 */
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_END, (context) => {
    const names = [];
    for (const ref of context.project.getReflectionsByKind(ReflectionKind.Property)) {
      /** @type {import('typedoc').Reflection | undefined} */
      let r = ref.parent;
      let inLiteral = false;
      while (r?.kindOf(ReflectionKind.TypeLiteral) || (inLiteral && r?.kindOf(ReflectionKind.Property))) {
        inLiteral ||= r.kindOf(ReflectionKind.TypeLiteral);
        r = r.parent;
      }
      // a declared type (type alias, interface) can document its members: only inferred or inline ones pass
      if (!inLiteral || !r || r.kindOf(ReflectionKind.TypeAlias | ReflectionKind.Interface) || ref.hasComment()) continue;
      const owner = r.kindOf(ReflectionKind.SomeSignature) ? r.parent : r;
      if (owner?.hasComment() || (r.kindOf(ReflectionKind.SomeSignature) && r.hasComment())) names.push(ref.getFriendlyFullName());
    }
    const current = /** @type {string[]} */ (app.options.getValue('intentionallyNotDocumented'));
    app.options.setValue('intentionallyNotDocumented', [...new Set([...current, ...names])]);
  });
}
