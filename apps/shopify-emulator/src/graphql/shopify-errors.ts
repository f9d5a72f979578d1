// graphql-js does the validating; this turns its messages into the graphql-ruby wording and
// `extensions.code`s Shopify answers with (see captures/), and coerces variables the same way.
import { coerceInputValue, GraphQLError, isNonNullType, Kind, print, typeFromAST, visit } from 'graphql';
import type { ASTNode, DocumentNode, GraphQLInputType, GraphQLSchema, OperationDefinitionNode } from 'graphql';

export interface ShopifyError {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

interface NodeInfo {
  path: string[];
  fieldName: string | null;
  argName: string | null;
  argValue: string | null;
  /** Where the enclosing field starts: graphql-ruby reports argument errors there. */
  fieldLoc: { line: number; column: number } | null;
}

/** Ruby-style path (["mutation Name", "field", "arg"]) and the enclosing field/argument of a node. */
function locate(doc: DocumentNode, target: ASTNode | undefined): NodeInfo {
  const info: NodeInfo = { path: [], fieldName: null, argName: null, argValue: null, fieldLoc: null };
  if (!target) return info;
  const stack: string[] = [];
  let found = false;
  const argStack: Array<{ name: string; value: string }> = [];
  const fieldStack: string[] = [];
  const fieldLocs: Array<{ line: number; column: number } | null> = [];
  visit(doc, {
    enter(node) {
      if (found) return false;
      switch (node.kind) {
        case Kind.OPERATION_DEFINITION:
          stack.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
          break;
        case Kind.FRAGMENT_DEFINITION:
          stack.push(`fragment ${node.name.value}`);
          break;
        case Kind.FIELD:
          stack.push(node.alias?.value ?? node.name.value);
          fieldStack.push(node.name.value);
          fieldLocs.push(node.loc ? { line: node.loc.startToken.line, column: node.loc.startToken.column } : null);
          break;
        case Kind.ARGUMENT:
          stack.push(node.name.value);
          argStack.push({ name: node.name.value, value: print(node.value) });
          break;
        default:
          break;
      }
      if (node === target) {
        found = true;
        info.path = [...stack];
        info.fieldName = fieldStack[fieldStack.length - 1] ?? null;
        info.fieldLoc = fieldLocs[fieldLocs.length - 1] ?? null;
        const arg = argStack[argStack.length - 1];
        info.argName = arg?.name ?? null;
        info.argValue = arg?.value ?? null;
        return false;
      }
      return undefined;
    },
    leave(node) {
      if (found) return;
      if (
        node.kind === Kind.OPERATION_DEFINITION ||
        node.kind === Kind.FRAGMENT_DEFINITION ||
        node.kind === Kind.FIELD ||
        node.kind === Kind.ARGUMENT
      ) {
        stack.pop();
      }
      if (node.kind === Kind.FIELD) {
        fieldStack.pop();
        fieldLocs.pop();
      }
      if (node.kind === Kind.ARGUMENT) argStack.pop();
    },
  });
  return info;
}

function locs(err: GraphQLError): Array<{ line: number; column: number }> | undefined {
  return err.locations?.map((l) => ({ line: l.line, column: l.column }));
}

export function formatValidationErrors(doc: DocumentNode, errors: readonly GraphQLError[]): ShopifyError[] {
  const out: ShopifyError[] = [];
  const missingArgs = new Map<ASTNode, { error: ShopifyError; args: string[] }>();
  for (const err of errors) {
    const node = err.nodes?.[0];
    const at = locate(doc, node);
    const base = { locations: locs(err), path: at.path };
    let m: RegExpExecArray | null;
    if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(err.message))) {
      out.push({
        message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
        ...base,
        extensions: { code: 'undefinedField', typeName: m[2], fieldName: m[1] },
      });
    } else if (
      (m = /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required, but it was not provided\./.exec(err.message))
    ) {
      const key = node as ASTNode;
      const existing = missingArgs.get(key);
      if (existing) {
        existing.args.push(m[2] as string);
        continue;
      }
      const error: ShopifyError = {
        message: '',
        ...base,
        extensions: { code: 'missingRequiredArguments', className: 'Field', name: m[1] },
      };
      missingArgs.set(key, { error, args: [m[2] as string] });
      out.push(error);
    } else if ((m = /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./.exec(err.message))) {
      out.push({
        message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
        ...base,
        extensions: { code: 'argumentNotAccepted', name: m[2], typeName: 'Field', argumentName: m[1] },
      });
    } else if ((m = /^Field "(\w+)" of type "(.+)" must have a selection of subfields/.exec(err.message))) {
      out.push({
        message: `Field must have selections (field '${m[1]}' returns ${(m[2] ?? '').replace(/[[\]!]/g, '')} but has no selections. Did you mean '${m[1]} { ... }'?)`,
        ...base,
        extensions: {
          code: 'selectionMismatch',
          nodeName: `field '${m[1]}'`,
          typeName: (m[2] ?? '').replace(/[[\]!]/g, ''),
        },
      });
    } else if (
      (m = /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields\./.exec(err.message))
    ) {
      out.push({
        message: `Selections can't be made on scalars (field '${m[1]}' returns ${m[2]} but has selections [${
          node && node.kind === Kind.FIELD
            ? (node.selectionSet?.selections ?? [])
                .map((s) => (s.kind === Kind.FIELD ? s.name.value : '...'))
                .join(', ')
            : ''
        }])`,
        ...base,
        extensions: { code: 'selectionMismatch', nodeName: `field '${m[1]}'`, typeName: m[2] },
      });
    } else if ((m = /^Variable "\$(\w+)" is never used(?: in operation "(\w+)")?\./.exec(err.message))) {
      out.push({
        message: `Variable $${m[1]} is declared by ${m[2] ?? 'anonymous query'} but not used`,
        ...base,
        extensions: { code: 'variableNotUsed', variableName: m[1] },
      });
    } else if ((m = /^Variable "\$(\w+)" is not defined(?: by operation "(\w+)")?\./.exec(err.message))) {
      out.push({
        message: `Variable $${m[1]} is used by ${m[2] ?? 'anonymous query'} but not declared`,
        ...base,
        extensions: { code: 'variableNotDefined', variableName: m[1] },
      });
    } else if ((m = /^Variable "\$(\w+)" of type "(.+)" used in position expecting type "(.+)"\./.exec(err.message))) {
      out.push({
        message: `Type mismatch on variable $${m[1]} and argument ${at.argName ?? ''} (${m[2]} / ${m[3]})`,
        ...base,
        extensions: {
          code: 'variableMismatch',
          variableName: m[1],
          typeName: m[2],
          argumentName: at.argName,
          errorMessage: 'Type mismatch',
        },
      });
    } else if (
      at.argName &&
      at.fieldName &&
      /^(Expected value of type|Enum "|Field ".+" of required type|Field ".+" is not defined by type|Int cannot|Float cannot|String cannot|Boolean cannot|ID cannot|Expected type)/.test(
        err.message,
      )
    ) {
      const argType = /type "([^"]+)"/.exec(err.message)?.[1];
      out.push({
        message: `Argument '${at.argName}' on Field '${at.fieldName}' has an invalid value (${at.argValue ?? 'null'}). Expected type '${argType ?? 'unknown'}'.`,
        ...base,
        locations: at.fieldLoc ? [at.fieldLoc] : base.locations,
        extensions: { code: 'argumentLiteralsIncompatible', typeName: 'Field', argumentName: at.argName },
      });
    } else if ((m = /^Unknown type "(\w+)"\./.exec(err.message))) {
      out.push({
        message: `No such type ${m[1]}, so it can't be a fragment condition`,
        ...base,
        extensions: { code: 'undefinedType', typeName: m[1] },
      });
    } else if ((m = /^Unknown fragment "(\w+)"\./.exec(err.message))) {
      out.push({
        message: `Fragment ${m[1]} was used, but not defined`,
        ...base,
        extensions: { code: 'useAndDefineFragment', fragmentName: m[1] },
      });
    } else if ((m = /^Fragment "(\w+)" is never used\./.exec(err.message))) {
      out.push({
        message: `Fragment ${m[1]} was defined, but not used`,
        ...base,
        extensions: { code: 'useAndDefineFragment', fragmentName: m[1] },
      });
    } else if ((m = /^Unknown directive "@(\w+)"\./.exec(err.message))) {
      out.push({
        message: `Directive @${m[1]} is not defined`,
        ...base,
        extensions: { code: 'undefinedDirective', directiveName: m[1] },
      });
    } else {
      out.push({ message: err.message, ...base, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    }
  }
  for (const { error, args } of missingArgs.values()) {
    error.message = `Field '${String(error.extensions?.['name'])}' is missing required arguments: ${args.join(', ')}`;
    (error.extensions as Record<string, unknown>)['arguments'] = args.join(', ');
  }
  return out;
}

function explain(message: string, typeName: string): string {
  let m: RegExpExecArray | null;
  if (/is not defined by type/.test(message)) return `Field is not defined on ${typeName}`;
  if (/of required type .* was not provided|Expected non-nullable type/.test(message))
    return 'Expected value to not be null';
  if ((m = /^Value "(.*)" does not exist in "(\w+)" enum/.exec(message))) return `Expected "${m[1]}" to be one of: ...`;
  if ((m = /cannot represent (?:a )?non[- ]\w+ value: (.*)$/.exec(message)))
    return `Could not coerce value ${m[1]} to ${/^(\w+) cannot/.exec(message)?.[1] ?? 'value'}`;
  return message.replace(/\.$/, '');
}

/** Coerces variables like graphql-ruby reports them: INVALID_VARIABLE with `problems`. */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  raw: Record<string, unknown>,
): { errors: ShopifyError[] } {
  const errors: ShopifyError[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type as never) as GraphQLInputType | undefined;
    if (!type) continue;
    const typeText = print(def.type);
    const loc = def.loc ? [{ line: def.loc.startToken.line, column: def.loc.startToken.column }] : undefined;
    const present = Object.prototype.hasOwnProperty.call(raw, name);
    const value = raw[name];
    if (!present || value === null) {
      if (isNonNullType(type) && (def.defaultValue === undefined || value === null)) {
        errors.push({
          message: `Variable $${name} of type ${typeText} was provided invalid value`,
          locations: loc,
          extensions: {
            code: 'INVALID_VARIABLE',
            value: value ?? null,
            problems: [{ path: [], explanation: 'Expected value to not be null' }],
          },
        });
      }
      continue;
    }
    const problems: Array<{ path: Array<string | number>; explanation: string }> = [];
    coerceInputValue(value, type, (path, _invalid, error) => {
      const named = /type "(\w+)"/.exec(error.message)?.[1] ?? typeText.replace(/[[\]!]/g, '');
      const undefinedField = /^Field "(\w+)" is not defined by type/.exec(error.message)?.[1];
      problems.push({
        path: undefinedField ? [...path, undefinedField] : [...path],
        explanation: explain(error.message, named),
      });
    });
    if (problems.length > 0) {
      const where = problems
        .map((p) => (p.path.length > 0 ? `for ${p.path.join('.')} (${p.explanation})` : `(${p.explanation})`))
        .join(', ');
      errors.push({
        message: `Variable $${name} of type ${typeText} was provided invalid value ${where}`,
        locations: loc,
        extensions: { code: 'INVALID_VARIABLE', value, problems },
      });
    }
  }
  return { errors };
}

export function notImplemented(typeName: string, fieldName: string): GraphQLError {
  return new GraphQLError(`Field ${typeName}.${fieldName} is not implemented by the Shopify emulator`, {
    extensions: { code: 'NOT_IMPLEMENTED' },
  });
}
