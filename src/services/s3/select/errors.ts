// S3 Select's own error codes and messages (S3 API reference, "List of SELECT Object Content Error Codes"); all 400.
import { ServiceError } from '../../../common/errors.js';

const e = (code: string, message: string) => new ServiceError(code, message, 400, 'client');

export const selectErrors = {
  missingParameter: (what: string) => e('MissingRequiredParameter', `The SelectRequest entity is missing a required parameter (${what}). Check the service documentation and try again.`),
  invalidExpressionType: () => e('InvalidExpressionType', 'The ExpressionType value is not valid. Only SQL expressions are supported.'),
  expressionTooLong: () => e('ExpressionTooLong', 'The SQL expression is too long. The maximum byte-length for an SQL expression is 256 KB.'),
  emptyExpression: () => e('EmptyRequestBody', 'The request body cannot be empty.'),
  unexpectedToken: (token: string, line: number, column: number) =>
    e('ParseUnexpectedToken', `The SQL expression contains an unexpected token: '${token}' at line ${line}, column ${column}.`),
  unsupportedSyntax: (what: string) => e('UnsupportedSyntax', `We encountered syntax that is not valid: ${what}.`),
  invalidColumnIndex: () => e('InvalidColumnIndex', 'The column index is invalid. Please check the service documentation and try again.'),
  unsupportedFunction: (name: string) => e('UnsupportedFunction', `We encountered an unsupported SQL function: ${name}.`),
  invalidArguments: (name: string) => e('EvaluatorInvalidArguments', `There is an incorrect number of arguments in the function call to ${name} in the SQL expression.`),
  invalidDataType: (what: string) => e('InvalidDataType', `The SQL expression contains an invalid data type: ${what}.`),
  castFailed: (value: string, to: string) => e('CastFailed', `An attempt to convert from one data type to another using CAST failed in the SQL expression (${JSON.stringify(value.slice(0, 64))} to ${to}).`),
  likeEscape: () => e('EvaluatorLikePatternInvalidEscapeSequence', 'An invalid escape sequence was found in the LIKE pattern.'),
  divisionByZero: () => e('DivisionByZero', 'Division by zero in the SQL expression.'),
  mixedAggregates: () => e('UnsupportedSqlStructure', 'Aggregate and non-aggregate expressions cannot be mixed in the SELECT list without GROUP BY.'),
  aggregateInWhere: () => e('UnsupportedSqlStructure', 'Aggregate functions are not allowed in the WHERE clause.'),
  csvParsing: () => e('CSVParsingError', 'An error occurred while parsing the CSV file. Check the file and try again.'),
  csvQuotedDelimiter: () => e('CSVEscapingRecordDelimiter', 'A quoted record delimiter was found in the file. To allow quoted record delimiters, set AllowQuotedRecordDelimiter to \'TRUE\'.'),
  jsonParsing: () => e('JSONParsingError', 'An error occurred while parsing the JSON file. Check the file and try again.'),
  overMaxRecordSize: () => e('OverMaxRecordSize', 'The length of a record in the input or result is greater than the maxCharsPerRecord limit of 1 MB.'),
  invalidCompressionFormat: () => e('InvalidCompressionFormat', 'The file is not in a supported compression format. Only GZIP and BZIP2 are supported.'),
  invalidTextEncoding: () => e('InvalidTextEncoding', 'Invalid encoding type. Only UTF-8 encoding is supported.'),
  invalidFileHeaderInfo: () => e('InvalidFileHeaderInfo', 'The FileHeaderInfo is invalid. Only NONE, USE, and IGNORE are supported.'),
  invalidJsonType: () => e('InvalidJsonType', 'The JsonType is invalid. Only DOCUMENT and LINES are supported.'),
  invalidQuoteFields: () => e('InvalidQuoteFields', 'The QuoteFields is invalid. Only ALWAYS and ASNEEDED are supported.'),
  invalidDataSource: () => e('InvalidDataSource', 'Invalid data source type. Only CSV, JSON, and Parquet are supported.'),
  invalidScanRange: () => e('InvalidScanRange', 'The provided scan range is invalid.'),
  unsupportedScanRange: () => e('UnsupportedScanRangeInput', 'Scan range queries are not supported on this type of object.'),
  invalidRequestParameter: (what: string) => e('InvalidRequestParameter', `The value of a parameter in SelectRequest element is invalid (${what}). Check the service documentation and try again.`),
  negativeLimit: () => e('EvaluatorNegativeLimit', 'The LIMIT clause must not be negative.'),
};
