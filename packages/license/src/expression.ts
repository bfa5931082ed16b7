/** An SPDX license expression as spdx-expression-parse returns it (README "Usage"), with our leaf keys. */
export type LicenseLeaf = { license: string; plus?: true; exception?: string };
export type LicenseNode = LicenseLeaf | { left: LicenseNode; conjunction: "and" | "or"; right: LicenseNode };

export function isLeaf(node: LicenseNode): node is LicenseLeaf {
  return "license" in node;
}

export function leafText(leaf: LicenseLeaf): string {
  return `${leaf.license}${leaf.plus ? "+" : ""}${leaf.exception ? ` WITH ${leaf.exception}` : ""}`;
}

/**
 * The expression in SPDX syntax. AND binds tighter than OR (SPDX 2.3 Annex D.4), but we parenthesise every mixed
 * nesting anyway, because readers of a model card should not need the precedence table.
 */
export function formatExpression(node: LicenseNode): string {
  if (isLeaf(node)) return leafText(node);
  const side = (child: LicenseNode) =>
    !isLeaf(child) && child.conjunction !== node.conjunction ? `(${formatExpression(child)})` : formatExpression(child);
  return `${side(node.left)} ${node.conjunction.toUpperCase()} ${side(node.right)}`;
}

export function leaves(node: LicenseNode): LicenseLeaf[] {
  return isLeaf(node) ? [node] : [...leaves(node.left), ...leaves(node.right)];
}

/**
 * The choices an expression offers: its disjunctive normal form, one list of leaves per alternative. `A OR B` lets
 * the licensee pick A or B; `A AND B` makes both apply (SPDX 2.3 Annex D.4). Capped, because (A OR B) AND (C OR D)
 * AND … grows as 2^n and the input is attacker-controlled.
 */
export const MAX_ALTERNATIVES = 64;

export function alternatives(node: LicenseNode): LicenseLeaf[][] | undefined {
  if (isLeaf(node)) return [[node]];
  const left = alternatives(node.left);
  const right = alternatives(node.right);
  if (!left || !right) return undefined;
  if (node.conjunction === "or") return left.length + right.length > MAX_ALTERNATIVES ? undefined : [...left, ...right];
  if (left.length * right.length > MAX_ALTERNATIVES) return undefined;
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}
