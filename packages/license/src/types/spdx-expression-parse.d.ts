// spdx-expression-parse 4.0.0 ships no types. This is its documented return shape (README "Usage"): a leaf
// `{ license, plus?, exception? }` or a node `{ left, conjunction, right }` with conjunction "and" | "or".
declare module "spdx-expression-parse" {
  type Leaf = { license: string; plus?: true; exception?: string };
  type Node = { left: Leaf | Node; conjunction: "and" | "or"; right: Leaf | Node };
  function parse(source: string): Leaf | Node;
  export = parse;
}
