// Parses Bicep with the tree-sitter-bicep grammar (WebAssembly build, so no native toolchain is needed) and
// reports syntax errors with their positions. It checks syntax only: types and symbols need the Bicep compiler.
import { createRequire } from "node:module";
import { Language, Parser, type Node, type Tree } from "web-tree-sitter";

/** A syntax error at a 1-based line and column. */
export interface BicepSyntaxError {
  line: number;
  column: number;
  message: string;
}

/** The syntax tree of one Bicep source and the errors found in it. */
export interface ParsedBicep {
  tree: Tree;
  errors: BicepSyntaxError[];
}

let parser: Promise<Parser> | undefined;

async function createParser(): Promise<Parser> {
  const require = createRequire(import.meta.url);
  await Parser.init();
  const language = await Language.load(require.resolve("tree-sitter-bicep/tree-sitter-bicep.wasm"));
  const instance = new Parser();
  instance.setLanguage(language);
  return instance;
}

/** Parses a Bicep source; the parser is created once per process. */
export async function parseBicep(source: string): Promise<ParsedBicep> {
  parser ??= createParser();
  const tree = (await parser).parse(source);
  if (!tree) throw new Error("tree-sitter returned no tree");
  return { tree, errors: collectErrors(tree.rootNode) };
}

function collectErrors(node: Node): BicepSyntaxError[] {
  if (node.isError || node.isMissing) {
    const snippet = node.text.split("\n")[0]?.slice(0, 40) ?? "";
    return [
      {
        line: node.startPosition.row + 1,
        column: node.startPosition.column + 1,
        message: node.isMissing ? `missing ${node.type}` : `unexpected ${JSON.stringify(snippet)}`,
      },
    ];
  }
  if (!node.hasError) return [];
  return node.children.flatMap((child) => (child ? collectErrors(child) : []));
}
