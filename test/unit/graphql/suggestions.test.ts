import { withoutSuggestions } from '../../../src/graphql/suggestions';

// Every form graphql-js 16 gives its suggestions (jsutils/didYouMean), in validation and in
// variable coercion, loses it; the rest of the message stays.
describe('withoutSuggestions', () => {
  it.each([
    ['Cannot query field "childre" on type "Query". Did you mean "children"?', 'Cannot query field "childre" on type "Query".'],
    ['Unknown argument "fist" on field "Query.children". Did you mean "first"?', 'Unknown argument "fist" on field "Query.children".'],
    ['Unknown type "Strin". Did you mean "String"?', 'Unknown type "Strin".'],
    ['Cannot query field "nam" on type "Child". Did you mean "name" or "sex"?', 'Cannot query field "nam" on type "Child".'],
    ['Cannot query field "x" on type "Child". Did you mean "a", "b", "c", "d", or "e"?', 'Cannot query field "x" on type "Child".'],
    ['Value "DROPOT" does not exist in "ChildFlag" enum. Did you mean the enum value "DROPOUT"?', 'Value "DROPOT" does not exist in "ChildFlag" enum.'],
    ['Variable "$f" got invalid value { flag: ["DROPOUT"] }; Field "flag" is not defined by type "ChildFilter". Did you mean "flags"?', 'Variable "$f" got invalid value { flag: ["DROPOUT"] }; Field "flag" is not defined by type "ChildFilter".'],
    ['the token has expired', 'the token has expired'],
  ])('%s', (message, expected) => {
    expect(withoutSuggestions(message)).toBe(expected);
  });
});
