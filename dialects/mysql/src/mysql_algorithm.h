// Which ALTER TABLE algorithm a change can ask MariaDB (and MySQL) for.
// InnoDB carries out some changes by editing the table's metadata alone
// (INSTANT), some by rebuilding or adding to the table while writes go on
// (INPLACE with LOCK=NONE), and the rest by copying the table under a lock
// that blocks writes (COPY). Without an ALGORITHM clause the server picks
// the best one itself, silently; retort asks for the one the change should
// get, so that a change that would copy after all fails at once instead
// (and, online, tries the next, saying so), and `lint` can say beforehand
// what each change will cost.
#ifndef RETORT_MYSQL_MYSQL_ALGORITHM_H_
#define RETORT_MYSQL_MYSQL_ALGORITHM_H_

#include <optional>
#include <string>
#include <string_view>

namespace retort::mysql {

enum class Algorithm { kInstant, kInplace, kCopy };

// ", ALGORITHM=INSTANT", ", ALGORITHM=INPLACE, LOCK=NONE", or nothing for
// COPY: the clause an ALTER TABLE statement ends with.
std::string AlgorithmClause(Algorithm algorithm);

// The algorithm `statement` (an ALTER TABLE this dialect wrote) asks for:
// kCopy when it names none.
Algorithm AlgorithmOf(std::string_view statement);

// `statement` asking for the next weaker algorithm than it does (INSTANT ->
// INPLACE with LOCK=NONE -> INPLACE -> none), for a server that refused
// the one it asked for; nullopt when it asks for none.
std::optional<std::string> WithWeakerAlgorithm(const std::string& statement);

// "INSTANT (metadata only)", "INPLACE (the table stays writable)", "COPY
// (the table is copied; writes wait)".
std::string DescribeAlgorithm(Algorithm algorithm);

}  // namespace retort::mysql

#endif  // RETORT_MYSQL_MYSQL_ALGORITHM_H_
