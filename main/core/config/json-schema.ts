import { z } from 'zod';
import { ConfigDocumentSchema } from './schema';

/** The published JSON Schema of the config document (docs/config.schema.json). */
export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ConfigDocumentSchema, { io: 'input', unrepresentable: 'any' });
  return {
    ...schema,
    $id: 'https://tunnelkeeper.invalid/config.schema.json',
    title: 'Tunnelkeeper configuration',
  };
}

export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}
