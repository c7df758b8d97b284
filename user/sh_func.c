/*
 * sh_func.c: shell functions (POSIX 2.9.5), `NAME() compound-command`,
 * and the `return` builtin.
 *
 * What is kept: the body's source text, not its tree. A tree lives in
 * the arena (sh.h), which is emptied after every command line, while a
 * function outlives the line that defined it; so defining one copies the
 * text of its body (sh_parse.c cut it out exactly: N_FUNCDEF's text) and
 * each call parses it again - a few microseconds against the fork of any
 * program the body runs.
 *
 * A call: $1... become the call's arguments ($0 stays the shell's),
 * the body runs in this shell (so it can set variables and cd, as in
 * every POSIX shell), and the old arguments come back after. `return N`
 * unwinds like break (sh_exec.c): return_pending stops every list up to
 * the call, which clears it. break and continue do not reach through a
 * call into the caller's loops. Calls nest at most FUNC_DEPTH_MAX deep
 * (24), so `f() { f; }` ends in an error, not a crashed shell.
 *
 * Neighbours: sh_parse.c (N_FUNCDEF), sh_exec.c (run_simple calls
 * find_function before builtins; exec_compound defines).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

#define NFUNCS		64	/* functions one shell can hold */
/* Calls in progress at once. Each holds a command's words in the arena
 * (MAXFIELDS pointers, 8 KiB), so 256 KiB of arena allows about 30. */
#define FUNC_DEPTH_MAX	24

struct function {
	char *name;		/* malloc'd; NULL: a free slot */
	char *body;		/* the body's source, malloc'd */
};

static struct function funcs[NFUNCS];
static int depth;		/* calls in progress */
int return_pending;		/* `return` ran: lists stop up to the call */

struct function *find_function(const char *name)
{
	for (int i = 0; i < NFUNCS; i++)
		if (funcs[i].name && !strcmp(funcs[i].name, name))
			return &funcs[i];
	return NULL;
}

/* NAME() BODY: remember (or replace) the function. Status 0, or 1 if the table is full. */
int define_function(const char *name, const char *body)
{
	struct function *f = find_function(name);
	char *copy = strdup(body);

	for (int i = 0; !f && i < NFUNCS; i++)
		if (!funcs[i].name)
			f = &funcs[i];
	if (!f || !copy) {
		fprintf(stderr, "sh: %s: %s\n", name, copy ? "too many functions" : "out of memory");
		free(copy);
		return 1;
	}
	if (!f->name && !(f->name = strdup(name))) {
		fprintf(stderr, "sh: %s: out of memory\n", name);
		free(copy);
		return 1;
	}
	free(f->body);
	f->body = copy;
	return 0;
}

/* Run f with argv[1..] as $1...; returns the body's status or return's N. */
int run_function(struct function *f, int argc, char **argv)
{
	char **old_args = pos_args, **args = arena_alloc((argc + 1) * sizeof *args);
	int old_count = pos_count, old_loops = loop_depth, status;
	struct node *tree;

	if (depth == FUNC_DEPTH_MAX) {
		fprintf(stderr, "sh: %s: calls nested too deep\n", argv[0]);
		abort_pending = 1;
		return 2;
	}
	if (!args) {
		fprintf(stderr, "sh: out of memory for words\n");
		return 1;
	}
	args[0] = old_args[0];
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	args[argc] = NULL;
	switch (parse_program(f->body, &tree)) {
	case PARSE_OK:
		break;
	case PARSE_EMPTY:
		return 0;
	default:
		/* The body parsed when it was defined, but a here-document that
		 * follows the line of its closing brace is not part of it. */
		fprintf(stderr, "sh: %s: the body does not parse on its own\n", argv[0]);
		return 2;
	}
	pos_args = args;
	pos_count = argc;
	loop_depth = 0;
	depth++;
	status = exec_node(tree);
	depth--;
	if (return_pending) {
		return_pending = 0;
		status = last_status;	/* what return set */
	}
	loop_depth = old_loops;
	pos_args = old_args;
	pos_count = old_count;
	return status;
}

/* return [N]: leave the function with status N (default: $?). */
int builtin_return(int argc, char **argv)
{
	int status = argc > 1 ? atoi(argv[1]) & 255 : last_status;

	if (!depth) {
		fprintf(stderr, "sh: return: not in a function\n");
		return 1;
	}
	return_pending = 1;
	return status;
}
