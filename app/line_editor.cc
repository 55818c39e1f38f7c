#include "app/line_editor.h"

#include <histedit.h>

#include <cerrno>
#include <cstdio>
#include <memory>
#include <utility>

#include "base/status.h"

namespace lakeml::app {
namespace {

constexpr int kHistorySize = 1000;

}  // namespace

Result<std::unique_ptr<LineEditor>> LineEditor::Open(const char* program,
                                                     std::string history_path) {
  auto editor = std::make_unique<LineEditor>(PassKey());
  editor->el_ = el_init(program, stdin, stdout, stderr);
  editor->history_ = history_init();
  if (editor->el_ == nullptr || editor->history_ == nullptr) {
    return Status::IOError("Cannot start the line editor (libedit) on this terminal");
  }
  HistEvent event;
  history(editor->history_, &event, H_SETSIZE, kHistorySize);
  history(editor->history_, &event, H_SETUNIQUE, 1);
  editor->history_path_ = std::move(history_path);
  if (!editor->history_path_.empty()) {
    // A missing or unreadable file is an empty history, not an error.
    history(editor->history_, &event, H_LOAD, editor->history_path_.c_str());
  }
  el_set(editor->el_, EL_CLIENTDATA, editor.get());
  el_set(editor->el_, EL_PROMPT, &LineEditor::PromptOf);
  el_set(editor->el_, EL_EDITOR, "emacs");
  el_set(editor->el_, EL_HIST, history, editor->history_);
  el_source(editor->el_, nullptr);  // ~/.editrc, as other libedit programs read it.
  return editor;
}

LineEditor::~LineEditor() {
  if (el_ != nullptr) el_end(el_);
  if (history_ != nullptr) history_end(history_);
}

char* LineEditor::PromptOf(editline* el) {
  void* data = nullptr;
  el_get(el, EL_CLIENTDATA, &data);
  return const_cast<char*>(static_cast<LineEditor*>(data)->prompt_.c_str());
}

LineEditor::ReadStatus LineEditor::ReadLine(std::string_view prompt, std::string* line) {
  prompt_ = std::string(prompt);
  int count = 0;
  errno = 0;
  const char* text = el_gets(el_, &count);
  if (text == nullptr || count < 0) {
    if (count < 0 && errno == EINTR) {
      el_reset(el_);  // Drops the half-typed line and puts the terminal back in order.
      return ReadStatus::kInterrupted;
    }
    return ReadStatus::kEndOfInput;
  }
  line->assign(text, count);
  if (!line->empty() && line->back() == '\n') line->pop_back();
  return ReadStatus::kLine;
}

void LineEditor::AddHistory(std::string_view entry) {
  HistEvent event;
  const std::string text(entry);
  history(history_, &event, H_ENTER, text.c_str());
  if (!history_path_.empty()) history(history_, &event, H_SAVE, history_path_.c_str());
}

}  // namespace lakeml::app
