#include "mysql_expression.h"

#include <cctype>
#include <vector>

#include "retort/sql_expression.h"

namespace retort::mysql {
namespace {

using Tokens = std::vector<SqlToken>;

bool IsPlainName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// `name` (backquoted, a doubled backquote standing for one) as the other
// dialects' canonical form has it.
SqlToken Unquoted(const std::string& quoted) {
  std::string name;
  for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
    name += quoted[i];
    if (quoted[i] == '`') ++i;
  }
  if (IsPlainName(name)) {
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return {SqlTokenKind::kWord, name};
  }
  std::string doubled = "\"";
  for (char c : name) doubled += c == '"' ? std::string("\"\"") : std::string(1, c);
  return {SqlTokenKind::kQuoted, doubled + "\""};
}

bool IsCharsetIntroducer(const Tokens& tokens, std::size_t i) {
  return tokens[i].kind == SqlTokenKind::kWord && tokens[i].text.size() > 1 &&
         tokens[i].text[0] == '_' && i + 1 < tokens.size() &&
         tokens[i + 1].kind == SqlTokenKind::kLiteral;
}

// MariaDB prints some functions by other names it has for them.
std::string_view StandardName(std::string_view name) {
  if (name == "lcase") return "lower";
  if (name == "ucase") return "upper";
  if (name == "substr") return "substring";
  if (name == "octet_length") return "length";  // MariaDB's LENGTH counts bytes
  return name;
}

bool IsCurrentTime(const SqlToken& token) {
  return token.Is("current_timestamp") || token.Is("localtimestamp") || token.Is("current_date") ||
         token.Is("current_time");
}

Tokens PrintFormUndone(const Tokens& tokens) {
  Tokens kept;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const SqlToken& token = tokens[i];
    if (token.kind == SqlTokenKind::kQuoted && token.text.front() == '`') {
      kept.push_back(Unquoted(token.text));
    } else if (IsCharsetIntroducer(tokens, i)) {
      continue;
    } else if (token.kind == SqlTokenKind::kWord && i + 1 < tokens.size() &&
               tokens[i + 1].Is("(")) {
      kept.push_back({SqlTokenKind::kWord, std::string(StandardName(token.text))});
      if (IsCurrentTime(token)) {
        // current_timestamp() and current_timestamp(6): the brackets go.
        const std::size_t past = PastClosingBracket(tokens, i + 1);
        if (past - i <= 4) i = past - 1;
      }
    } else {
      kept.push_back(token);
    }
  }
  return kept;
}

}  // namespace

std::string ViewDefinition(std::string_view text, std::string_view database) {
  std::string qualifier = "`";
  for (const char c : database) qualifier += c == '`' ? std::string("``") : std::string(1, c);
  qualifier += "`.";
  std::string kept;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '`' && text.substr(i, qualifier.size()) == qualifier) {
      i += qualifier.size();
      continue;
    }
    if (c == '`' || c == '\'' || c == '"') {
      // A quoted name or a string, copied whole: a doubled quote, or in a
      // string a backslash, keeps it open.
      std::size_t end = i + 1;
      while (end < text.size()) {
        if (c != '`' && text[end] == '\\' && end + 1 < text.size()) {
          end += 2;
        } else if (text[end] == c && end + 1 < text.size() && text[end + 1] == c) {
          end += 2;
        } else if (text[end] == c) {
          ++end;
          break;
        } else {
          ++end;
        }
      }
      kept += text.substr(i, end - i);
      i = end;
      continue;
    }
    kept += c;
    ++i;
  }
  return kept;
}

std::string CanonicalExpression(std::string_view expression) {
  return CanonicalSqlExpression(PrintFormUndone(TokenizeSqlExpression(expression)));
}

}  // namespace retort::mysql
