// Tokens of SQLite's SQL, with their place in the source text, so that the
// parts of a statement a change does not touch can be copied byte for byte.
#ifndef RETORT_SQLITE_SQLITE_LEXER_H_
#define RETORT_SQLITE_SQLITE_LEXER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace retort::sqlite {

enum class TokenKind {
  kWord,              // a keyword or bare identifier: CREATE, users
  kQuotedIdentifier,  // "name", [name] or `name`
  kString,            // 'text'
  kNumber,            // 42, 1.5e3, 0x1F
  kBlob,              // x'00ff'
  kPunctuation,       // ( ) , ; . and operators
};

struct Token {
  TokenKind kind;
  std::size_t begin;  // offset in the source
  std::size_t end;    // one past the last byte
  std::string_view text;

  // For words and quoted identifiers, the identifier (unquoted); for others
  // the text itself.
  std::string Identifier() const;
  // Whether this is the bare word `keyword`, compared without case.
  bool Is(std::string_view keyword) const;
};

// Splits `sql` into tokens, skipping blanks and comments. Throws
// OperationError for an unterminated string, identifier or comment.
std::vector<Token> Tokenize(std::string_view sql);

}  // namespace retort::sqlite

#endif  // RETORT_SQLITE_SQLITE_LEXER_H_
