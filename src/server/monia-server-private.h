/* monia-server-private.h — monia-server internals for tests and fuzzing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "monia-server.h"

G_BEGIN_DECLS

/* Serves one connection given as a stream (an in-memory one, say) as if it
 * had been accepted on a listening socket: the request goes through the
 * same handlers as over the network. */
gboolean _monia_server_accept_iostream (MoniaServer     *self,
                                        GIOStream       *stream,
                                        GSocketAddress  *local_address,
                                        GSocketAddress  *remote_address,
                                        GError         **error);

G_END_DECLS
