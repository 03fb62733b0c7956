import { GraphQLError, Kind, type ASTVisitor, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * Refuses an operation with more than `maxSelections` selections once its fragments are spread,
 * while the query is validated.
 *
 * A document within the parser's token limit has fewer selections than tokens, unless fragments
 * multiply them: ten fragments, each spreading the next ten times, stand for 10^10 selections in
 * a few hundred tokens. Nothing else would refuse that before the cost is weighed, and weighing
 * it walks the selections one by one. Counted here with each fragment's size worked out once,
 * so the count costs no more than reading the document.
 */
export function selectionLimitRule(maxSelections: number): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    const fragmentSizes = new Map<string, number>();
    const inProgress = new Set<string>();

    const sizeOf = (selectionSet: SelectionSetNode): number => {
      let size = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) size += 1 + (selection.selectionSet ? sizeOf(selection.selectionSet) : 0);
        else if (selection.kind === Kind.INLINE_FRAGMENT) size += sizeOf(selection.selectionSet);
        else size += fragmentSize(selection.name.value);
      }
      return size;
    };

    const fragmentSize = (name: string): number => {
      const known = fragmentSizes.get(name);
      if (known !== undefined) return known;
      const fragment = context.getFragment(name);
      // An unknown fragment or a cycle: other rules refuse the document; nothing to add here.
      if (!fragment || inProgress.has(name)) return 0;
      inProgress.add(name);
      const size = sizeOf(fragment.selectionSet);
      inProgress.delete(name);
      fragmentSizes.set(name, size);
      return size;
    };

    return {
      OperationDefinition(operation) {
        const size = sizeOf(operation.selectionSet);
        if (size > maxSelections) {
          const shown = size < 1e9 ? size.toLocaleString('en-US') : size.toExponential(1);
          context.reportError(new GraphQLError(`Query has ${shown} selections once its fragments are spread; the limit is ${maxSelections}.`, { nodes: [operation] }));
        }
      },
    };
  };
}
