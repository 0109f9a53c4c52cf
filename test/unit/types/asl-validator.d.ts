/** asl-validator 4.0.0 ships no declarations: its CommonJS export is one function. */
declare module 'asl-validator' {
  interface StateMachineError {
    'Error code': string;
    Message: string;
    schemaError?: { instancePath: string; schemaPath: string };
  }

  interface ValidationOptions {
    readonly checkPaths: boolean;
    readonly checkArn: boolean;
  }

  interface ValidationResult {
    isValid: boolean;
    errors: StateMachineError[];
    errorsText(separator?: string): string;
  }

  /** Validates a parsed definition; it may add `QueryLanguage` to states, so pass a copy. */
  function validator(definition: object, options?: ValidationOptions): ValidationResult;

  export = validator;
}
