#include "report.h"

#include <algorithm>

namespace retort::cli {

std::string RevisionList(const std::vector<std::string>& ids) {
  if (ids.empty()) return "base";
  std::string text;
  for (const std::string& id : ids) text += (text.empty() ? "" : ", ") + id;
  return text;
}

std::string AlignedColumns(
    const std::vector<std::vector<std::string>>& rows,
    const std::function<std::string(std::size_t column, const std::string& cell)>& paint) {
  std::vector<std::size_t> widths;
  for (const std::vector<std::string>& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], row[column].size());
    }
  }
  std::string text;
  for (const std::vector<std::string>& row : rows) {
    std::string line;
    for (std::size_t column = 0; column < row.size(); ++column) {
      if (widths[column] == 0) continue;
      if (!line.empty()) line += "  ";
      const std::string& cell = row[column];
      line += (paint && !cell.empty() ? paint(column, cell) : cell) +
              std::string(widths[column] - cell.size(), ' ');
    }
    line.erase(line.find_last_not_of(' ') + 1);
    text += line + "\n";
  }
  return text;
}

std::string Marked(const RevisionInfo& info, Markers markers, const Style& style) {
  std::string text = style.Revision(info.header.id);
  if (markers.labels && !info.branch_labels.empty()) {
    text += " (" + RevisionList(info.branch_labels) + ")";
  }
  if (info.is_effective_head) {
    text += " " + style.Head("(effective head)");
  } else if (info.is_head) {
    text += " " + style.Head("(head)");
  }
  if (markers.current) text += " (current)";
  if (markers.tree && info.is_branch_point) text += " (branchpoint)";
  if (markers.tree && info.is_merge_point) text += " (mergepoint)";
  return text;
}

std::string HistoryLine(const RevisionInfo& info, bool current, const Style& style) {
  std::string parents =
      info.header.down_revisions.empty() ? "<base>" : RevisionList(info.header.down_revisions);
  if (!info.header.depends_on.empty()) parents += " (" + RevisionList(info.header.depends_on) + ")";
  const std::string& message = info.header.message;
  return parents + " -> " + Marked(info, {.current = current}, style) +
         (message.empty() ? "" : ", " + message);
}

void PrintVerbose(std::ostream& out, const RevisionInfo& info, bool current,
                  const Style& style) {
  // Alembic's verbose entry: an effective head is plainly "(head)" here, and
  // "(current)" comes after the tree markers.
  out << "Rev: " << style.Revision(info.header.id)
      << (info.is_head || info.is_effective_head ? " " + style.Head("(head)") : "")
      << (info.is_branch_point ? " (branchpoint)" : "") << (info.is_merge_point ? " (mergepoint)" : "")
      << (current ? " (current)" : "") << "\n";
  out << (info.header.down_revisions.size() > 1 ? "Merges: " : "Parent: ")
      << (info.header.down_revisions.empty() ? "<base>" : RevisionList(info.header.down_revisions))
      << "\n";
  if (!info.header.depends_on.empty()) {
    out << "Also depends on: " << RevisionList(info.header.depends_on) << "\n";
  }
  if (info.children.size() > 1) out << "Branches into: " << RevisionList(info.children) << "\n";
  if (!info.branch_labels.empty()) out << "Branch names: " << RevisionList(info.branch_labels) << "\n";
  out << "Path: " << info.header.path << "\n\n";
  out << "    " << info.header.message << "\n\n";
  out << "    Revision ID: " << info.header.id << "\n";
  out << "    Revises: " << RevisionList(info.header.down_revisions) << "\n";
  if (!info.header.create_date.empty()) out << "    Create Date: " << info.header.create_date << "\n";
  out << "\n";
}

}  // namespace retort::cli
