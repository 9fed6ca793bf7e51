#include "support/cli_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <regex>

namespace onedoor::testing {

CommandResult run(const std::string& args, bool with_stderr) {
  std::string cmd = std::string(ONEDOOR_BIN) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (size_t n = fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int rc = pclose(p);
  return {WEXITSTATUS(rc), out};
}

ServeProcess::ServeProcess(const std::string& args, const std::string& shell_prefix, const std::string& env_prefix) {
  int fds[2];
  if (pipe(fds) != 0) return;
  std::string cmd = shell_prefix + (shell_prefix.empty() ? "" : "; ") + "exec " + env_prefix +
                    (env_prefix.empty() ? "" : " ") + std::string(ONEDOOR_BIN) + " --log-level warn serve " + args +
                    " --port 0";
  pid_ = fork();
  if (pid_ == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    execl("/bin/sh", "sh", "-c", cmd.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  out_ = fdopen(fds[0], "r");
  char line[4096];
  const std::regex listening("listening on http://127\\.0\\.0\\.1:(\\d+)");
  while (fgets(line, sizeof line, out_)) {
    output_ += line;
    std::smatch m;
    std::string l(line);
    if (std::regex_search(l, m, listening)) {
      port_ = static_cast<uint16_t>(std::stoi(m[1]));
      return;
    }
  }
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  pid_ = -1;
}

std::string ServeProcess::laterOutput(int wait_ms) {
  std::string got;
  if (!out_) return got;
  int fd = fileno(out_);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, wait_ms) > 0) {
    char buf[4096];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
    wait_ms = 50;
  }
  return got;
}

ServeProcess::~ServeProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  if (out_) fclose(out_);
}

bhttp::response<bhttp::string_body> httpRequest(uint16_t port, bhttp::verb method, const std::string& target,
                                                const std::string& body,
                                                const std::map<std::string, std::string>& headers) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket sock(ioc);
  sock.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  bhttp::request<bhttp::string_body> req{method, target, 11};
  req.set(bhttp::field::host, "127.0.0.1");
  if (!body.empty()) req.set(bhttp::field::content_type, "application/json");
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();
  bhttp::write(sock, req);
  boost::beast::flat_buffer buf;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(sock, buf, res);
  return res;
}

}  // namespace onedoor::testing
