// AstNode: one node of the SQL syntax tree (statement, clause, relation, expression or type).
//
// The tree is uniform: `kind` says what a node is and which fields it uses (documented per kind
// below); children own their subtrees (unique_ptr; a null child marks an absent optional
// slot). Equals compares structure and values but not source positions, so that
// parse(print(ast)) equals ast. Not thread-safe to mutate; immutable trees may be shared.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sql/parser/token.h"

namespace lakeml::sql {

enum class NodeKind : uint8_t {
  // Expressions.
  kLiteral,        // op: NUMBER|STRING|BINARY|NULL|TRUE|FALSE|TYPED; text: value (digits, decoded
                   // string, hex); names[0]: numeric suffix or the type of a typed literal.
  kInterval,       // children: values; names: units (flags & kFlagIntervalTo: `u1 TO u2`).
  kColumnRef,      // names: the parts (a.b.c).
  kStar,           // names: qualifier; children: EXCEPT columns (kColumnRef).
  kParameter,      // text: name, or "?" for a positional marker.
  kUnary,          // op: - + ~ NOT; children[0].
  kBinary,         // op: OR AND = == <> != < <= > >= <=> | & ^ << >> >>> || + - * / % DIV.
  kIs,             // op: NULL|TRUE|FALSE|DISTINCT FROM; negated flag; children: operand(s).
  kBetween,        // negated flag; children: value, low, high.
  kIn,             // negated flag; children: value, then the list or one kQuery (IN subquery).
  kLike,           // op: LIKE|ILIKE|RLIKE|REGEXP; text: ANY|ALL|""; names[0]: escape if any;
                   // children: value, pattern(s).
  kCase,           // flags: kFlagCaseOperand, kFlagCaseElse; children: [operand] when then ...
                   // [else].
  kCast,           // op: CAST|TRY_CAST|::; children: value, kType.
  kFunction,       // names: function name parts; flags: distinct, star; op: IGNORE NULLS or
                   // RESPECT NULLS; children: args, then kFilter, kWithinGroup, kWindowSpec or
                   // kWindowRef.
  kNamedArgument,  // text: name; children[0]: value.
  kLambda,         // names: parameters; children[0]: body.
  kSubscript,      // children: base, index.
  kFieldAccess,    // text: field; children[0]: base.
  kSubquery,       // children[0]: kQuery (scalar subquery, or IN subquery).
  kExists,         // children[0]: kQuery.
  kExtract,        // text: field; children[0]: source.
  kFilter,         // children[0]: FILTER (WHERE ...) condition.
  kWithinGroup,    // children: kSortItem.
  kWindowSpec,     // text: base window name; children: kPartitionBy?, kOrderBy?, kFrame? (any).
  kWindowRef,      // text: window name.
  kPartitionBy,    // children: expressions.
  kOrderBy,        // children: kSortItem.
  kSortItem,       // op: ASC|DESC|""; text: FIRST|LAST|"" (NULLS); children[0]: expression.
  kFrame,          // op: ROWS|RANGE; children: start, end (null when no BETWEEN) kFrameBound.
  kFrameBound,     // op: UNBOUNDED PRECEDING|UNBOUNDED FOLLOWING|CURRENT ROW|PRECEDING|FOLLOWING;
                   // children[0]: offset for PRECEDING/FOLLOWING.
  kType,           // text: type name upper-case; names: parameters (precision, units);
                   // children: element types (kType), struct fields as kType with alias = name.
  // Queries.
  kQuery,         // children: kWith?, body, kOrderBy?, limit?, offset? (null when absent);
                  // flags & kFlagLimitAll for LIMIT ALL.
  kWith,          // flags: recursive; children: kCte.
  kCte,           // text: name; alias_columns; children[0]: kQuery.
  kSelect,        // flags: distinct; children: kList select items, kList from?, where?,
                  // kGroupBy?, having?, kList named windows?, qualify?, kList lateral views?.
  kSelectItem,    // text: alias (flags & kFlagHasAlias); alias_columns; children[0]: expression.
  kSetOperation,  // op: UNION|INTERSECT|EXCEPT; text: ALL|DISTINCT|""; children: left, right.
  kValues,        // children: kRow; alias, alias_columns when used as a relation.
  kRow,           // children: expressions.
  kList,          // children: anything.
  kGroupBy,       // flags: all; children: expressions and kGroupingSet.
  kGroupingSet,   // op: ROLLUP|CUBE|GROUPING SETS|"" (a parenthesized set); children.
  kNamedWindow,   // text: name; children[0]: kWindowSpec.
  // Relations (alias, alias_columns apply to each).
  kTableName,         // names: parts; children: kTimeTravel?.
  kTimeTravel,        // op: VERSION|TIMESTAMP; children[0]: expression.
  kTableFunction,     // names: function name; children: arguments.
  kSubqueryRelation,  // flags: lateral; children[0]: kQuery.
  kJoin,              // op: join type (INNER, LEFT, LEFT SEMI, CROSS, ...); flags: natural;
                      // children: left, right, then kJoinOn or kJoinUsing (optional).
  kJoinOn,            // children[0]: condition.
  kJoinUsing,         // names: columns.
  kPivot,             // children: source, kList aggregates, kList pivot columns, kList values.
  kUnpivot,           // op: INCLUDE|EXCLUDE|""; names: value column(s), name column (last);
                      // flags & kFlagUnpivotMulti: value columns in parentheses; children:
                      // source, kList of kSelectItem columns (kRow in the multi-column form).
  kLateralView,       // flags: outer; text: table alias; alias_columns; children[0]: kFunction.
  // Statements.
  kExplain,       // op: ""|EXTENDED|ANALYZE|FORMATTED; children[0]: statement.
  kUse,           // op: ""|CATALOG|SCHEMA; names.
  kShow,          // op: CATALOGS|SCHEMAS|TABLES|COLUMNS; names: IN target; text: LIKE pattern
                  // (flags & kFlagHasLike).
  kDescribe,      // op: TABLE|DETAIL|HISTORY|QUERY; flags: extended; names; children[0] query.
  kSetConfig,     // text: key (empty for bare SET); op: value text.
  kResetConfig,   // text: key or empty.
  kCreateTable,   // flags: or replace, if not exists, external; names; children: kList of
                  // kColumnDef (or null), then clauses (kClause) and an optional kQuery.
  kColumnDef,     // text: name; flags: not null; children: kType, then kClause options.
  kClause,        // op: the clause keyword(s) (USING, PARTITIONED BY, LOCATION, COMMENT,
                  // TBLPROPERTIES, DEFAULT, GENERATED ALWAYS AS, ...); text: string value;
                  // names: identifiers; children: expressions or kProperty.
  kProperty,      // text: key; children[0]: value expression (or none).
  kCreateView,    // flags: or replace, temp, if not exists; names; alias_columns; children:
                  // clauses, kQuery.
  kCreateSchema,  // op: SCHEMA|CATALOG; flags: if not exists; names; children: clauses.
  kDrop,          // op: TABLE|VIEW|SCHEMA|CATALOG; flags: if exists, cascade; names.
  kAlterTable,    // op: action (ADD COLUMNS, DROP COLUMNS, RENAME COLUMN, RENAME TO,
                  // SET TBLPROPERTIES, UNSET TBLPROPERTIES, ALTER COLUMN); names: table;
                  // alias_columns: column names; children: definitions or properties.
  kInsert,        // flags: overwrite, by name; names: table; alias_columns: columns;
                  // children: kClause REPLACE WHERE?, kQuery.
  kUpdate,        // names: table; alias; children: kAssignment..., where? (kClause WHERE).
  kAssignment,    // names: target column; children[0]: value.
  kDelete,        // names: table; alias; children: where? (kClause WHERE).
  kMerge,         // names: target; alias; children: source relation, condition, kMergeClause...
  kMergeClause,   // op: MATCHED|NOT MATCHED|NOT MATCHED BY SOURCE; text: UPDATE|UPDATE *|DELETE|
                  // INSERT|INSERT *; alias_columns: insert columns; children: kClause AND?,
                  // then kAssignment or kRow of values.
  kCopyInto,      // names: table; text: source path; op: file format; children: clauses.
  kOptimize,      // names; children: kClause WHERE?, kClause ZORDER BY?.
  kVacuum,        // names (or text: a path); flags: dry run; children: retain hours?.
  kRestore,       // names; children[0]: kTimeTravel.
  kExecuteImmediate,  // sql-gaps: children[0]: the statement text expression, then the USING
                      // arguments (alias: the parameter name, empty for a positional one).
};

class AstNode {
 public:
  static constexpr uint32_t kFlagNegated = 1;
  static constexpr uint32_t kFlagDistinct = 2;
  static constexpr uint32_t kFlagStar = 4;
  static constexpr uint32_t kFlagCaseOperand = 8;
  static constexpr uint32_t kFlagCaseElse = 16;
  static constexpr uint32_t kFlagHasAlias = 32;
  static constexpr uint32_t kFlagRecursive = 64;
  static constexpr uint32_t kFlagAll = 128;
  static constexpr uint32_t kFlagLateral = 256;
  static constexpr uint32_t kFlagNatural = 512;
  static constexpr uint32_t kFlagOuter = 1024;
  static constexpr uint32_t kFlagExtended = 2048;
  static constexpr uint32_t kFlagHasLike = 4096;
  static constexpr uint32_t kFlagOrReplace = 8192;
  static constexpr uint32_t kFlagIfNotExists = 16384;
  static constexpr uint32_t kFlagIfExists = 32768;
  static constexpr uint32_t kFlagCascade = 65536;
  static constexpr uint32_t kFlagTemp = 131072;
  static constexpr uint32_t kFlagNotNull = 262144;
  static constexpr uint32_t kFlagOverwrite = 524288;
  static constexpr uint32_t kFlagDryRun = 1048576;
  static constexpr uint32_t kFlagIntervalTo = 2097152;
  static constexpr uint32_t kFlagLimitAll = 4194304;
  static constexpr uint32_t kFlagByName = 8388608;
  static constexpr uint32_t kFlagExternal = 16777216;
  static constexpr uint32_t kFlagTableKeyword = 33554432;
  static constexpr uint32_t kFlagUnpivotMulti = 67108864;  // sql-syntax

  AstNode(NodeKind kind, SourcePosition pos) : kind(kind), pos(pos) {}

  bool Has(uint32_t flag) const { return (flags & flag) != 0; }
  AstNode* Add(std::unique_ptr<AstNode> child) {
    children.push_back(std::move(child));
    return children.back().get();
  }

  // Structural equality, ignoring positions.
  bool Equals(const AstNode& other) const;
  // An indented dump of the tree, for test failure messages.
  std::string DebugString(int indent = 0) const;

  NodeKind kind;
  SourcePosition pos;
  uint32_t flags = 0;
  std::string op;
  std::string text;
  std::string alias;
  std::vector<std::string> names;
  std::vector<std::string> alias_columns;
  std::vector<std::unique_ptr<AstNode>> children;
};

// The name of a kind ("kSelect" -> "Select"), for debugging.
std::string_view NodeKindName(NodeKind kind);

using AstPtr = std::unique_ptr<AstNode>;
// Statements are AstNodes whose kind is one of the statement kinds (or kQuery).
using Statement = AstNode;

}  // namespace lakeml::sql
