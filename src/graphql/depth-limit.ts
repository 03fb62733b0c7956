import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Refuses an operation whose fields nest deeper than `maxDepth`, while the query is validated.
 *
 * Depth is the longest chain of nested fields, counted the same way wherever the fields come
 * from: introspection fields (`__schema`, `__type` and everything under them) count like any
 * other, and a fragment, named or inline, adds no level of its own but brings its fields' depth
 * to where it is spread, so no depth can hide in one. (graphql-armor's maxDepth skips `__schema`
 * by default: a depth-10 introspection query passed a limit of 8.)
 *
 * Each fragment's depth is worked out once per document, so a document that spreads the same
 * fragment many times costs no more than one that spreads it once. Fragment cycles are left to
 * graphql-js's own rule (NoFragmentCyclesRule), which refuses them in the same validation.
 */
export function depthLimitRule(maxDepth: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentDepths = new Map<string, number>();
    const inProgress = new Set<string>();

    const depthOf = (selectionSet: SelectionSetNode): number => {
      let deepest = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection.selectionSet));
        } else {
          deepest = Math.max(deepest, fragmentDepth(selection.name.value));
        }
      }
      return deepest;
    };

    const fragmentDepth = (name: string): number => {
      const known = fragmentDepths.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      // An unknown fragment or a cycle: other rules refuse the document; nothing to add here.
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const depth = depthOf(fragment.selectionSet);
      inProgress.delete(name);
      fragmentDepths.set(name, depth);
      return depth;
    };

    return {
      OperationDefinition(operation) {
        const depth = depthOf(operation.selectionSet);
        if (depth > maxDepth) {
          context.reportError(new GraphQLError(`Query depth limit of ${maxDepth} exceeded, found ${depth}.`, { nodes: [operation] }));
        }
      },
    };
  };
}
