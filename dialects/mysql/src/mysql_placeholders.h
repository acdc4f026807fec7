// Reading MySQL text as the server does, where it matters to Query: the
// contract's ":name" placeholders, which are outside string constants ('...'
// and "...", with backslash escapes), backquoted names and comments (-- ,
// #, /* */, but not the executable /*! */ and /*M! */, which the server
// runs), and not the ":=" operator; and whether the text is one statement.
#ifndef RETORT_MYSQL_MYSQL_PLACEHOLDERS_H_
#define RETORT_MYSQL_MYSQL_PLACEHOLDERS_H_

#include <string>
#include <string_view>
#include <vector>

namespace retort::mysql {

struct Placeholder {
  std::size_t begin;  // the colon
  std::size_t end;    // past the name
  std::string name;
};

// Every placeholder of `sql`, in order. Pure.
std::vector<Placeholder> FindPlaceholders(std::string_view sql);

// Whether `sql` holds more than one statement: a semicolon outside strings,
// quoted names and comments with more than blanks and comments after it.
// Pure.
bool HoldsSeveralStatements(std::string_view sql);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_PLACEHOLDERS_H_
