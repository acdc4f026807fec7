// retort: database schema migrations from the command line.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli.h"
#include "heap_preparation.h"
#include "retort/error.h"
#include "retort/version.h"

namespace retort::cli {
namespace {

po::options_description GlobalDescription() {
  po::options_description options("Global options");
  options.add_options()
      ("config,c", po::value<std::string>()->value_name("FILE"),
       "configuration file (default: ./retort.ini)")
      ("url", po::value<std::string>()->value_name("URL"),
       "database URL; overrides RETORT_URL and the file's url")
      ("dev-url", po::value<std::string>()->value_name("URL"),
       "scratch database for check, autogenerate, adoption and stamp checks; overrides "
       "RETORT_DEV_URL and the file's dev_url")
      ("lock", po::value<std::string>()->value_name("KIND"),
       "how migrators keep apart: auto, session (the database's own lock) or lease (a row "
       "of retort's lock table); overrides the file's lock")
      ("quiet,q", po::bool_switch(), "print only errors")
      ("color", po::value<std::string>()->value_name("WHEN")->default_value("auto"),
       "colour revision ids, heads and errors: auto (on a terminal, unless NO_COLOR is "
       "set), always or never")
      ("x-arg,x", po::value<std::vector<std::string>>()->composing()->value_name("KEY=VALUE"),
       "a value for the revisions' SQL to read as ${x.KEY} (repeatable)")
      ("help,h", po::bool_switch(), "show help (for a command: retort COMMAND --help)")
      ("version", po::bool_switch(), "show the version");
  return options;
}

void PrintUsage(std::ostream& out) {
  out << "usage: retort [global options] COMMAND [options]\n\n"
      << "Database schema migrations: neutral revisions, rendered for each database.\n\n"
      << "Commands:\n";
  std::size_t width = 0;
  for (const CommandSpec& command : Commands()) {
    width = std::max(width, std::string_view(command.name).size());
  }
  for (const CommandSpec& command : Commands()) {
    out << "  " << command.name
        << std::string(width + 2 - std::string_view(command.name).size(), ' ')
        << command.summary << "\n";
  }
  out << "\n" << GlobalDescription()
      << "\nExit codes: 0 success, 1 error, 2 usage error, 3 internal error.\n";
}

const CommandSpec* FindCommand(const std::string& name) {
  for (const CommandSpec& command : Commands()) {
    if (name == command.name) return &command;
  }
  return nullptr;
}

int RunCommand(const CommandSpec& command, const std::vector<std::string>& arguments,
               const GlobalOptions& globals, bool help) {
  po::options_description options(std::string("Options of ") + command.name);
  po::positional_options_description positionals;
  command.declare(options, positionals);
  options.add_options()("help,h", po::bool_switch(), "show this help");
  const std::string usage =
      std::string("usage: retort [global options] ") + command.name + " " + command.synopsis;
  // "-1" is a target (one revision down), not an option: such tokens go after
  // "--", where the parser stops looking for options.
  std::vector<std::string> tokens, relative_steps;
  for (const std::string& argument : arguments) {
    const bool is_step = argument.size() > 1 && argument[0] == '-' &&
                         argument.find_first_not_of("0123456789", 1) == std::string::npos;
    (is_step ? relative_steps : tokens).push_back(argument);
  }
  if (!relative_steps.empty()) {
    tokens.push_back("--");
    tokens.insert(tokens.end(), relative_steps.begin(), relative_steps.end());
  }
  po::variables_map values;
  try {
    po::store(po::command_line_parser(tokens).options(options).positional(positionals).run(),
              values);
    if (help || values["help"].as<bool>()) {
      std::cout << usage << "\n\n" << command.summary << "\n\n" << options;
      return kExitSuccess;
    }
    po::notify(values);  // after --help, which needs none of the required values
  } catch (const po::required_option& error) {
    // A missing positional is named as the usage line names it (TARGET).
    std::string name = error.get_option_name();
    name.erase(0, name.find_first_not_of('-'));
    for (unsigned position = 0; position < positionals.max_total_count() &&
                                position < 16; ++position) {
      if (positionals.name_for_position(position) == name) {
        for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        throw UsageError(std::string(command.name) + ": missing " + name + "\n" + usage);
      }
    }
    throw UsageError(std::string(command.name) + ": " + error.what() + "\n" + usage);
  } catch (const po::too_many_positional_options_error&) {
    throw UsageError(std::string(command.name) + ": too many arguments\n" + usage);
  } catch (const po::error& error) {
    throw UsageError(std::string(command.name) + ": " + error.what() + "\n" + usage +
                     "\n(see retort " + command.name + " --help)");
  }
  return command.run(values, globals);
}

// `error_style` is set as soon as --color is known, for main's error lines.
int Main(int argc, char** argv, Style& error_style) {
  po::options_description global = GlobalDescription();
  po::options_description hidden;
  hidden.add_options()("command", po::value<std::string>())(
      "arguments", po::value<std::vector<std::string>>());
  po::options_description all;
  all.add(global).add(hidden);
  po::positional_options_description positionals;
  positionals.add("command", 1).add("arguments", -1);

  po::variables_map values;
  po::parsed_options parsed(nullptr);
  try {
    parsed = po::command_line_parser(argc, argv)
                 .options(all)
                 .positional(positionals)
                 .allow_unregistered()
                 .run();
    po::store(parsed, values);
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(std::string(error.what()) + "\n(see retort --help)");
  }

  const ColorMode color = ParseColorMode(values["color"].as<std::string>());
  error_style = Style(ColorEnabled(color, STDERR_FILENO));

  if (values["version"].as<bool>()) {
    std::cout << "retort " << LibraryVersion() << "\n";
    return kExitSuccess;
  }
  const bool help = values["help"].as<bool>();
  if (!values.count("command")) {
    if (help) {
      PrintUsage(std::cout);
      return kExitSuccess;
    }
    PrintUsage(std::cerr);
    return kExitUsage;
  }
  const std::string name = values["command"].as<std::string>();
  const CommandSpec* command = FindCommand(name);
  if (!command) throw UsageError("unknown command '" + name + "' (see retort --help)");

  GlobalOptions globals;
  if (values.count("config")) globals.config_file = values["config"].as<std::string>();
  if (values.count("url")) globals.url = values["url"].as<std::string>();
  if (values.count("dev-url")) globals.dev_url = values["dev-url"].as<std::string>();
  if (values.count("lock")) {
    globals.lock = values["lock"].as<std::string>();
    try {
      ParseLockKind(*globals.lock, "--lock");  // a bad value is a usage error, as for -j
    } catch (const ConfigError& error) {
      throw UsageError(error.what());
    }
  }
  globals.quiet = values["quiet"].as<bool>();
  globals.out = Style(ColorEnabled(color, STDOUT_FILENO));
  globals.err = error_style;
  if (values.count("x-arg")) {
    for (const std::string& argument : values["x-arg"].as<std::vector<std::string>>()) {
      std::pair<std::string, std::string> parsed_argument;
      try {
        parsed_argument = ParseXArgument(argument);
      } catch (const ConfigError& error) {
        throw UsageError(error.what());
      }
      if (!globals.x_arguments.insert(parsed_argument).second) {
        throw UsageError("-x " + parsed_argument.first +
                         "= is given twice (which value was meant?)");
      }
    }
  }

  // The command's own options: everything after the command name that the
  // global parser did not know. Before the command, only global options.
  std::vector<std::string> rest;
  bool after_command = false;
  for (const po::option& option : parsed.options) {
    const bool is_positional = option.position_key >= 0;
    if (!after_command) {
      if (is_positional) {
        after_command = true;  // the command name itself
      } else if (option.unregistered) {
        throw UsageError("unknown global option '" + option.original_tokens.front() +
                         "' (command options go after the command; see retort --help)");
      }
      continue;
    }
    if (is_positional || option.unregistered) {
      rest.insert(rest.end(), option.original_tokens.begin(), option.original_tokens.end());
    }
  }
  return RunCommand(*command, rest, globals, help);
}

}  // namespace
}  // namespace retort::cli

int main(int argc, char** argv) {
  using namespace retort::cli;
  PrepareHeap();
  // Until the command line is read (a bad one is reported too): --color auto.
  Style error_style(ColorEnabled(ColorMode::kAuto, STDERR_FILENO));
  try {
    RegisterDialects();
    const int code = Main(argc, argv, error_style);
    // Output that never arrived (a full disk) is a failure, whatever the
    // command did: a script reading it would take what it got for all. A
    // write that failed earlier left the stream bad, and its errno is gone.
    const bool written_so_far = std::cout.good();
    errno = 0;
    if (!written_so_far || !std::cout.flush()) {
      const int why = errno;
      std::cerr << error_style.Error("retort: error:") << " cannot write to standard output"
                << (why != 0 ? std::string(": ") + std::strerror(why) : std::string()) << "\n";
      return code == kExitSuccess ? kExitError : code;
    }
    return code;
  } catch (const UsageError& error) {
    std::cerr << error_style.Error("retort: usage error:") << " " << error.what() << "\n";
    return kExitUsage;
  } catch (const retort::Error& error) {
    std::cerr << error_style.Error("retort: error:") << " " << error.what() << "\n";
    return kExitError;
  } catch (const std::exception& error) {
    std::cerr << error_style.Error("retort: internal error:") << " " << error.what() << "\n";
    return kExitInternal;
  }
}
