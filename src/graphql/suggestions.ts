/**
 * graphql-js ends many messages with a suggestion: "Did you mean "children"?" for a field, an
 * argument, a type, an input field, "Did you mean the enum value "DROPOUT"?" for a value, in
 * validation and in variable coercion alike. Each one maps a piece of the schema for someone who
 * may not read it (with introspection off in production, suggestions would be the way to list
 * it), so none is sent. Names are GraphQL names, which hold no "?".
 */
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}
