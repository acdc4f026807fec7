// The application's own rule for a note's URL slug, which its C++ revision
// applies to the notes written before slugs existed.
#ifndef NOTES_SLUG_H_
#define NOTES_SLUG_H_

#include <string>

namespace notes {

// "Hello, World!" gives "hello-world": lower-case letters and digits, runs of
// anything else as one '-', none at either end.
std::string Slug(const std::string& title);

}  // namespace notes

#endif  // NOTES_SLUG_H_
