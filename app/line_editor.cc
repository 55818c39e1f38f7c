#include "app/line_editor.h"

#include <histedit.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cwchar>
#include <memory>
#include <utility>

#include "base/status.h"

namespace lakeml::app {
namespace {

constexpr int kHistorySize = 1000;

volatile std::sig_atomic_t g_interrupt_pending = 0;  // Set by NotifyInterrupt.
bool g_read_interrupted = false;                     // GetChar gave up on an interrupt.

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
  el_set(editor->el_, EL_GETCFN, &LineEditor::GetChar);
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

void LineEditor::NotifyInterrupt() { g_interrupt_pending = 1; }

int LineEditor::GetChar(editline*, wchar_t* out) {
  sigset_t sigint, old;
  sigemptyset(&sigint);
  sigaddset(&sigint, SIGINT);
  pthread_sigmask(SIG_BLOCK, &sigint, &old);
  std::mbstate_t state = {};
  int result = -1;
  while (true) {
    if (g_interrupt_pending) {
      g_interrupt_pending = 0;
      g_read_interrupted = true;
      errno = EINTR;
      break;
    }
    pollfd fd = {STDIN_FILENO, POLLIN, 0};
    if (ppoll(&fd, 1, nullptr, &old) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    char byte;
    const ssize_t n = read(STDIN_FILENO, &byte, 1);
    if (n == 0) {
      result = 0;
      break;
    }
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      break;
    }
    const size_t k = std::mbrtowc(out, &byte, 1, &state);
    if (k == static_cast<size_t>(-2)) continue;  // Inside a multibyte character.
    if (k == static_cast<size_t>(-1)) *out = static_cast<unsigned char>(byte);  // Not UTF-8.
    result = 1;
    break;
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return result;
}

LineEditor::ReadStatus LineEditor::ReadLine(std::string_view prompt, std::string* line) {
  prompt_ = std::string(prompt);
  g_interrupt_pending = 0;  // A Ctrl-C that cancelled a statement is spent.
  g_read_interrupted = false;
  int count = 0;
  const char* text = el_gets(el_, &count);
  if (g_read_interrupted) {
    el_reset(el_);  // Drops the half-typed line and puts the terminal back in order.
    return ReadStatus::kInterrupted;
  }
  if (text == nullptr || count <= 0) return ReadStatus::kEndOfInput;
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
