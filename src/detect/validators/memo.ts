/**
 * A validator's answers remembered per value. Name and address validators split, fold and look up every token of a
 * candidate; the same value is asked again and again (twice at once where a gated rule and its keyword twin match the
 * same name, and every time a name repeats down a column), and hashing the value once costs less than the tokens'
 * work. The map is emptied when full, so memory stays bounded whatever the input.
 */
export function memoized(validate: (value: string) => boolean, capacity = 4096): (value: string) => boolean {
  const answers = new Map<string, boolean>();
  return (value: string): boolean => {
    const known = answers.get(value);
    if (known !== undefined) return known;
    const answer = validate(value);
    if (answers.size >= capacity) answers.clear();
    answers.set(value, answer);
    return answer;
  };
}
