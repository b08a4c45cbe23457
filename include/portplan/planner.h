/*
 * The planner: from a deployment to the exact flows it needs.
 *
 * Sources of flows, all from the catalog:
 *  - every data path (001, 002, 004, 000) whose two roles are held by
 *    endpoints of the deployment;
 *  - domain members to their domain controllers and DNS servers, and
 *    domain controllers to each other: the rows of the services that
 *    Active Directory depends on (003, line 838), filtered by the options
 *    (NetBIOS, IPsec) and the roles held (global catalog);
 *  - RPC: an endpoint-mapper row to a Windows host brings the dynamic range
 *    of that host's Windows generation (003, lines 4-10); a row that says
 *    `pinned` (000) opens the deployment's pins of the registry values it
 *    names instead, and paths written that way get no dynamic range.
 * Flows with the same endpoints, addresses, transport and RPC class are
 * merged: ports joined into ranges, reasons kept; then flows that differ
 * only by source become one flow from a group of those sources. Hosts that
 * plan alike (same zone, roles, Windows generation) are planned as one
 * source class, which keeps 10,000-host deployments linear.
 *
 * Pins are checked as 000 warns: above 1024, one port per value, clear of
 * the host's other catalog ports and of its dynamic range.
 */
#ifndef PORTPLAN_PLANNER_H
#define PORTPLAN_PLANNER_H

#include "portplan/deploy.h"
#include "portplan/plan.h"

/* The plan, or NULL when d has errors (conflicting pins, a pinned port that
 * a data path needs but the deployment does not give). Warnings (a host
 * without a Windows version, ...) go both to d and to plan->warnings. */
struct pp_plan *pp_plan_build(const struct pp_deployment *dep, struct pp_diags *d);

/* Check the pins of one host against a listing of its listeners saved with
 * `netstat -ano` (Windows) or `ss -ltnu` (Linux): a pinned port that a
 * process already listens on is an error (000: a conflicting port stops
 * NSPI from starting). host may be NULL when one host has pins. Returns the
 * number of conflicts; problems with the listing itself go to d too. */
size_t pp_plan_check_listeners(const struct pp_deployment *dep, const char *host,
			       const char *listing_file, const char *text, size_t len,
			       struct pp_diags *d);

#endif
