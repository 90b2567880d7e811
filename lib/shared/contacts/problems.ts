/**
 * Why a whole file is refused (a row's own problem is an InvalidRow instead). The server answers
 * these as 415 (`not-text`, `too-large`) or 422 (the rest), with `message` as the error's message.
 */
export type IntakeProblemCode =
  | "not-text"
  | "too-large"
  | "empty"
  | "bad-header"
  | "no-phone-column"
  | "phone-column-unconfirmed"
  | "unclosed-quote"
  | "too-many-rows"
  | "no-valid-rows";

export interface IntakeProblem {
  code: IntakeProblemCode;
  message: string;
  /** `phone-column-unconfirmed`: the headers that could be phone_number, in file order. */
  candidates?: string[];
}
