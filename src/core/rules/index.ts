import type { Rule } from '../rule';
import bannedApi from './banned-api';
import commentedOutCode from './commented-out-code';
import deepNesting from './deep-nesting';
import duplicateCode from './duplicate-code';
import editedMissingDocstring from './edited-missing-docstring';
import explanatoryComment from './explanatory-comment';
import fallbackDefault from './fallback-default';
import longFunction from './long-function';
import missingDocstring from './missing-docstring';
import missingTypeHints from './missing-type-hints';
import noTryExcept from './no-try-except';
import placeholderValue from './placeholder-value';
import redundantCode from './redundant-code';
import skippedTest from './skipped-test';
import swallowedException from './swallowed-exception';
import tensorShapeAssert from './tensor-shape-assert';
import torchForLoop from './torch-for-loop';
import untargetedEdit from './untargeted-edit';
import unusedImport from './unused-import';

/** Every rule of the catalog, sorted by id. A meta test checks it equals the folder. */
export const RULES: readonly Rule<any>[] = [
  bannedApi,
  commentedOutCode,
  deepNesting,
  duplicateCode,
  editedMissingDocstring,
  explanatoryComment,
  fallbackDefault,
  longFunction,
  missingDocstring,
  missingTypeHints,
  noTryExcept,
  placeholderValue,
  redundantCode,
  skippedTest,
  swallowedException,
  tensorShapeAssert,
  torchForLoop,
  untargetedEdit,
  unusedImport,
];

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

/** The rule with this id, or undefined for an unknown id. */
export function ruleById(id: string): Rule<any> | undefined {
  return byId.get(id);
}
