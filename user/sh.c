// sh: the shell. Reads a line, parses it into a command tree, and runs
// each command of it in a child process. A user program; it changes
// nothing but its own current directory (the built-in cd).
//
// The parts of a top-level list (a ; b) run one by one from the shell
// itself, so the built-in cd works anywhere in such a list.
//
// Grammar, loosest binding first:
//
//   line     := pipeline { '&' } [ ';' line ]
//   pipeline := simple [ '|' pipeline ]
//   simple   := '(' line ')' redirs  |  redirs { word redirs }
//   redirs   := { ('<' | '>') word }
//
// The parser copies every word into its own allocation, so the tree does
// not point into the line buffer; the shell frees the tree after the
// command finishes. Output redirection (>) creates the file or truncates
// it (O_CREATE|O_TRUNC), as in xv6-riscv.
#include "types.h"
#include "stat.h"
#include "fcntl.h"
#include "user.h"

#define MAXWORDS 16
#define LINESIZE 512

enum { EXEC = 1, REDIR, PIPE, LIST, BACK };

// One node of a command tree. Which fields are in use depends on type:
//   EXEC   argv (argc words, then 0)
//   REDIR  sub, file, fd, mode: run sub with fd opened on file
//   PIPE   left | right
//   LIST   left ; right
//   BACK   sub, in the background
struct cmd {
  int type;
  int argc;
  char *argv[MAXWORDS + 1];
  struct cmd *sub;
  char *file;
  int fd;
  int mode;
  struct cmd *left;
  struct cmd *right;
};

// Parser state: the rest of the line and whether it went wrong.
struct parser {
  char *s;
  char *err;
};

static const char symbols[] = "<>|&;()";
static char line[LINESIZE];

static void die(char *msg) __attribute__((noreturn));

static void
die(char *msg)
{
  printf(2, "sh: %s\n", msg);
  exit();
}

static int
isblank(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}

static struct cmd*
newcmd(int type)
{
  struct cmd *c;

  if((c = malloc(sizeof(*c))) == 0)
    die("out of memory");
  memset(c, 0, sizeof(*c));
  c->type = type;
  return c;
}

// A REDIR or BACK node around sub.
static struct cmd*
wrapcmd(int type, struct cmd *sub)
{
  struct cmd *c = newcmd(type);

  c->sub = sub;
  return c;
}

// A PIPE or LIST node: left, then right.
static struct cmd*
joincmd(int type, struct cmd *left, struct cmd *right)
{
  struct cmd *c = newcmd(type);

  c->left = left;
  c->right = right;
  return c;
}

// Release a tree made by the parser. Accepts 0 and half-built trees.
static void
freecmd(struct cmd *c)
{
  int i;

  if(c == 0)
    return;
  for(i = 0; i < c->argc; i++)
    free(c->argv[i]);
  free(c->file);
  freecmd(c->sub);
  freecmd(c->left);
  freecmd(c->right);
  free(c);
}

// ---- tokens -------------------------------------------------------

static void
skipblanks(struct parser *ps)
{
  while(*ps->s && isblank(*ps->s))
    ps->s++;
}

// The next token's first character without consuming it (0 at the end).
static int
peek(struct parser *ps)
{
  skipblanks(ps);
  return *ps->s;
}

// If nothing has gone wrong so far and the next token is the operator
// op, consume it and return 1; else 0.
static int
eat(struct parser *ps, int op)
{
  if(ps->err || peek(ps) != op)
    return 0;
  ps->s++;
  return 1;
}

// Is the next token one of the characters in set?
static int
nextis(struct parser *ps, char *set)
{
  int c = peek(ps);

  return c != 0 && strchr(set, c) != 0;
}

// Consume a word and return a fresh copy of it, or 0 (and an error) if
// the next token is not a word. Quotes, single or double, make blanks
// and the symbols <>|&;() part of the word and are dropped: 'a b' and
// "a b" are the one word a b, and usertests 'mm*' passes mm* on. There
// is no escaping inside quotes and nothing is expanded.
static char*
takeword(struct parser *ps)
{
  char *w, *d, quote = 0;
  int quoted = 0;  // '' is a word, if an empty one

  skipblanks(ps);
  if((w = malloc(strlen(ps->s) + 1)) == 0)
    die("out of memory");
  d = w;
  for(; *ps->s; ps->s++){
    if(quote){
      if(*ps->s == quote)
        quote = 0;
      else
        *d++ = *ps->s;
    } else if(*ps->s == '\'' || *ps->s == '"'){
      quote = *ps->s;
      quoted = 1;
    } else if(isblank(*ps->s) || strchr(symbols, *ps->s) != 0){
      break;
    } else {
      *d++ = *ps->s;
    }
  }
  *d = 0;
  if(quote)
    ps->err = "unterminated quote";
  else if(d == w && !quoted)
    ps->err = "missing word";
  if(ps->err){
    free(w);
    return 0;
  }
  return w;
}

// ---- parser -------------------------------------------------------

static struct cmd *parseline(struct parser*);

// Wrap c in one REDIR node per redirection that follows.
static struct cmd*
parseredirs(struct parser *ps, struct cmd *c)
{
  struct cmd *r;
  int op;

  while(ps->err == 0 && nextis(ps, "<>")){
    op = *ps->s++;
    c = r = wrapcmd(REDIR, c);
    if((r->file = takeword(ps)) == 0)
      break;
    if(op == '<'){
      r->fd = 0;
      r->mode = O_RDONLY;
    } else {
      r->fd = 1;
      r->mode = O_WRONLY | O_CREATE | O_TRUNC;
    }
  }
  return c;
}

static struct cmd*
parseblock(struct parser *ps)
{
  struct cmd *c;

  ps->s++;  // the '('
  c = parseline(ps);
  if(ps->err)
    return c;
  if(peek(ps) != ')'){
    ps->err = "missing )";
    return c;
  }
  ps->s++;
  return parseredirs(ps, c);
}

static struct cmd*
parsesimple(struct parser *ps)
{
  struct cmd *c, *top;

  if(peek(ps) == '(')
    return parseblock(ps);

  c = newcmd(EXEC);
  top = parseredirs(ps, c);
  while(ps->err == 0 && peek(ps) != 0 && !nextis(ps, "|&;)")){
    if(c->argc == MAXWORDS){
      ps->err = "too many arguments";
      break;
    }
    if((c->argv[c->argc] = takeword(ps)) == 0)
      break;
    c->argc++;
    top = parseredirs(ps, top);
  }
  return top;
}

static struct cmd*
parsepipeline(struct parser *ps)
{
  struct cmd *c;

  c = parsesimple(ps);
  if(eat(ps, '|'))
    c = joincmd(PIPE, c, parsepipeline(ps));
  return c;
}

static struct cmd*
parseline(struct parser *ps)
{
  struct cmd *c;

  c = parsepipeline(ps);
  while(eat(ps, '&'))
    c = wrapcmd(BACK, c);
  if(eat(ps, ';'))
    c = joincmd(LIST, c, parseline(ps));
  return c;
}

// Parse a whole line. Returns the tree, or 0 after printing a message.
static struct cmd*
parse(char *s)
{
  struct parser ps;
  struct cmd *c;

  ps.s = s;
  ps.err = 0;
  c = parseline(&ps);
  if(ps.err == 0 && peek(&ps) != 0)
    ps.err = "unexpected character";
  if(ps.err){
    if(*ps.s)
      printf(2, "sh: syntax error at '%c': %s\n", *ps.s, ps.err);
    else
      printf(2, "sh: syntax error at end of line: %s\n", ps.err);
    freecmd(c);
    return 0;
  }
  return c;
}

// ---- running ------------------------------------------------------

static int
forkordie(void)
{
  int pid;

  if((pid = fork()) < 0)
    die("fork failed");
  return pid;
}

// Run a program by name; a name without a '/' is also looked for in
// the root directory, so programs work from any directory.
static void
runprogram(struct cmd *c)
{
  char path[LINESIZE];

  if(c->argc == 0)
    exit();
  exec(c->argv[0], c->argv);
  if(strchr(c->argv[0], '/') == 0 && strlen(c->argv[0]) + 2 <= sizeof(path)){
    path[0] = '/';
    strcpy(path + 1, c->argv[0]);
    exec(path, c->argv);
  }
  printf(2, "exec %s failed: %s\n", c->argv[0], strerror(errno));
  exit();
}

// Run c in the calling process, which is always a child of the shell's
// main loop: it exits when the command is done and never returns.
static void runcmd(struct cmd *c) __attribute__((noreturn));

static void
runcmd(struct cmd *c)
{
  int p[2], pid;

  switch(c->type){
  case EXEC:
    runprogram(c);
    break;

  case REDIR:
    close(c->fd);
    if(open(c->file, c->mode) != c->fd){
      printf(2, "open %s failed: %s\n", c->file, strerror(errno));
      exit();
    }
    runcmd(c->sub);
    break;

  case LIST:
    if(forkordie() == 0)
      runcmd(c->left);
    wait();
    runcmd(c->right);
    break;

  case PIPE:
    if(pipe(p) < 0)
      die("pipe failed");
    if(forkordie() == 0){
      close(1);
      dup(p[1]);
      close(p[0]);
      close(p[1]);
      runcmd(c->left);
    }
    if(forkordie() == 0){
      close(0);
      dup(p[0]);
      close(p[0]);
      close(p[1]);
      runcmd(c->right);
    }
    close(p[0]);
    close(p[1]);
    wait();
    wait();
    break;

  case BACK:
    // The background job's parent exits at once, so init adopts the job
    // and the shell is never left with children to reap. It says the
    // job's pid first, for pmap PID or kill PID.
    if((pid = forkordie()) == 0)
      runcmd(c->sub);
    printf(2, "[%d]\n", pid);
    break;

  default:
    die("bad command tree");
  }
  exit();
}

// A blank line parses to a command with no words and nothing to do.
static int
isempty(struct cmd *c)
{
  return c->type == EXEC && c->argc == 0;
}

// The built-in cd, which must run in the shell itself to have an effect.
// Returns 1 if c was a cd command.
static int
builtin(struct cmd *c)
{
  char *dir;

  if(c->type != EXEC || c->argc == 0 || strcmp(c->argv[0], "cd") != 0)
    return 0;
  dir = c->argc > 1 ? c->argv[1] : "/";
  if(chdir(dir) < 0)
    printf(2, "cannot cd %s: %s\n", dir, strerror(errno));
  return 1;
}

// Print the prompt and read one line. Returns -1 at end of input.
static int
readline(char *buf, int n)
{
  printf(2, "$ ");
  memset(buf, 0, n);
  gets(buf, n);
  if(buf[0] == 0)
    return -1;
  return 0;
}

// Make sure fds 0, 1 and 2 are open, on the console if nothing else.
static void
openstdio(void)
{
  int fd;

  while((fd = open("console", O_RDWR)) >= 0){
    if(fd >= 3){
      close(fd);
      break;
    }
  }
}

// Run a parsed line from the shell itself. The parts of a top-level
// list run one after another from here, so `cd dir ; ls` changes the
// shell's directory; everything else runs in a child, waited for.
static void
runline(struct cmd *c)
{
  int pid, w;

  if(c->type == LIST){
    runline(c->left);
    runline(c->right);
    return;
  }
  if(isempty(c) || builtin(c))
    return;
  if((pid = fork()) < 0){
    printf(2, "sh: fork failed\n");
    return;
  }
  if(pid == 0)
    runcmd(c);
  while((w = wait()) >= 0 && w != pid)
    ;
}

int
main(void)
{
  struct cmd *c;

  openstdio();
  while(readline(line, sizeof(line)) >= 0){
    if((c = parse(line)) == 0)
      continue;
    runline(c);
    freecmd(c);
  }
  exit();
}
